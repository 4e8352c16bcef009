"""CPU time of other processes, read from /proc (psutil is not installed here).

`CpuWatch` samples a named group of processes at the start and the end of a window and reports each
group's CPU as a percentage of one core; a process that appears during the window counts from zero.
"""

import os
import time
from collections.abc import Callable
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """utime + stime of the process (its threads included), or None once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # fields 14 and 15 of proc(5), after "(comm)"


def children_of(pid: int) -> list[int]:
    """Direct children of `pid` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
            continue
        if parent == pid:
            found.append(int(entry.name))
    return found


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from the first line of /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


class CpuWatch:
    """Groups of pids, each found again at every sample (workers and database backends come and go)."""

    def __init__(self, groups: dict[str, Callable[[], list[int]]]):
        self.groups = groups
        self._start: dict[str, dict[int, float]] = {}
        self._started_at = 0.0
        self._machine = (0, 0)

    def _sample(self) -> dict[str, dict[int, float]]:
        sample = {}
        for name, pids in self.groups.items():
            sample[name] = {pid: seconds for pid in pids() if (seconds := cpu_seconds(pid)) is not None}
        return sample

    def start(self) -> None:
        self._start = self._sample()
        self._machine = machine_ticks()
        self._started_at = time.monotonic()

    def stop(self) -> dict[str, float]:
        """Each group's CPU over the window, in % of one core; "machine" is the whole box's busy %."""
        end = self._sample()
        elapsed = time.monotonic() - self._started_at
        busy, total = machine_ticks()
        figures = {}
        for name, now in end.items():
            before = self._start.get(name, {})
            used = sum(seconds - before.get(pid, 0.0) for pid, seconds in now.items())
            figures[name] = round(100 * used / elapsed, 1)
        figures["machine busy"] = round(100 * (busy - self._machine[0]) / max(1, total - self._machine[1]), 1)
        return figures


def listen_overflows() -> int:
    """Connections the kernel dropped because a listening socket's accept queue was full (since boot):
    a client whose connection was dropped retries its SYN after 1 s, then 3 s, 7 s..."""
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=True):
        if names.startswith("TcpExt:"):
            return int(dict(zip(names.split(), values.split(), strict=True)).get("ListenOverflows", 0))
    return 0
