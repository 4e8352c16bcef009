#!/usr/bin/env bash
# `make run`: the web server and the jobs process side by side; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT=${PORT:-5000}  # PUBLIC_BASE_URL follows it (webapp/config.py) unless set
.venv/bin/flask --app webapp jobs run &
jobs_pid=$!
trap 'kill $jobs_pid 2>/dev/null || true' EXIT INT TERM
echo "CampaignSafe on http://127.0.0.1:$PORT (jobs process pid $jobs_pid)"
.venv/bin/flask --app webapp run --host 127.0.0.1 --port "$PORT" --no-reload
