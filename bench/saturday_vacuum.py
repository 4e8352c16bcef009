"""Autovacuum's work for the step's database, done by the bench when the server has autovacuum off.

A database serving a campaign Saturday runs with autovacuum on (PostgreSQL's default): it removes the
row versions every UPDATE leaves behind and keeps the planner's statistics current. A CI server may
turn it off (this machine's /etc/postgresql/15/main/conf.d/90-ci.conf does), and then each step ran on
a database never vacuumed nor analysed since it was built: the delivery tick's index scans visited
tens of thousands of dead row versions every 5 s, and the planner knew no table's size.

So: `vacuum_analyze` once the data is built and moved to the step (what the morning's autovacuum
would have done by then), and, when `SHOW autovacuum` is off, `Autovacuum` applies autovacuum's own
default rule every naptime (60 s) during the step: a table is vacuumed once its dead rows pass
50 + 20 % of its live rows, analysed once its changed rows pass 50 + 10 %. Its CPU is counted with
the database's, as autovacuum's would be.
"""

import threading

import sqlalchemy as sa

NAPTIME_S = 60  # autovacuum_naptime
VACUUM_THRESHOLD, VACUUM_SCALE = 50, 0.2  # autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor
ANALYZE_THRESHOLD, ANALYZE_SCALE = 50, 0.1  # autovacuum_analyze_threshold, autovacuum_analyze_scale_factor

DUE = sa.text(
    "SELECT relname, n_dead_tup > :vt + :vs * n_live_tup, n_mod_since_analyze > :at + :as_ * n_live_tup "
    "FROM pg_stat_user_tables WHERE schemaname = 'public'")


def _autocommit(url: str):
    return sa.create_engine(url, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")


def vacuum_analyze(url: str) -> None:
    engine = _autocommit(url)
    with engine.connect() as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE)")
    engine.dispose()


def server_autovacuums(url: str) -> bool:
    engine = _autocommit(url)
    with engine.connect() as connection:
        on = connection.exec_driver_sql("SHOW autovacuum").scalar() == "on"
    engine.dispose()
    return on


class Autovacuum:
    """Every NAPTIME_S (the first at once), vacuum or analyse the tables autovacuum would."""

    def __init__(self, url: str):
        self.engine = _autocommit(url)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.vacuumed: dict[str, int] = {}
        self.analysed: dict[str, int] = {}

    def _run(self) -> None:
        while True:
            self.one_naptime()
            if self.stopped.wait(NAPTIME_S):
                return

    def one_naptime(self) -> None:
        """One pass over the tables, as the launcher starts one worker a naptime for a database."""
        with self.engine.connect() as connection:
            rows = connection.execute(DUE, {"vt": VACUUM_THRESHOLD, "vs": VACUUM_SCALE,
                                            "at": ANALYZE_THRESHOLD, "as_": ANALYZE_SCALE}).all()
            for table, needs_vacuum, needs_analyze in rows:
                if self.stopped.is_set():
                    return
                name = connection.dialect.identifier_preparer.quote(table)
                if needs_vacuum:
                    connection.exec_driver_sql(f"VACUUM (ANALYZE) {name}")
                    self.vacuumed[table] = self.vacuumed.get(table, 0) + 1
                elif needs_analyze:
                    connection.exec_driver_sql(f"ANALYZE {name}")
                    self.analysed[table] = self.analysed.get(table, 0) + 1

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> dict:
        """Stop after the table in hand; what was done, for the step's figures."""
        self.stopped.set()
        self.thread.join()
        self.engine.dispose()
        return {"vacuumed": dict(sorted(self.vacuumed.items())), "analysed": dict(sorted(self.analysed.items()))}
