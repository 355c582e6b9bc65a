#!/usr/bin/env bash
# Schemathesis against /api/schema/ with an API token of every demo role (issue #8).
#
# Builds a throwaway demo database (SQLite under var/fuzz/, or DATABASE_URL if it names a
# database containing "fuzz"), serves it with gunicorn on loopback, issues one knox token per
# demo role and runs schemathesis for each, bounded in time (FUZZ_SECONDS per role, 80 s by
# default: about 10 minutes for the seven roles). Only server errors fail the run
# (`not_a_server_error`); 4xx answers to generated junk are what the API should give.
# The figures go to var/fuzz/summary.txt and are printed at the end.
#
#   make fuzz-api                     # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/suprovid_fuzz make fuzz-api
#
# Not part of `make test`: it takes minutes and needs the whole demo data set.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PORT=${FUZZ_PORT:-8219}
SECONDS_PER_ROLE=${FUZZ_SECONDS:-80}
EXAMPLES=${FUZZ_EXAMPLES:-10}
OUT=var/fuzz
mkdir -p "$OUT"
rm -rf "$OUT"/report-* "$OUT"/summary.txt

if [[ -n "${DATABASE_URL:-}" ]]; then
	case "$DATABASE_URL" in
	postgres*fuzz*) ;;
	*)
		echo "DATABASE_URL must name a database containing 'fuzz' (it is dropped and rebuilt)" >&2
		exit 1
		;;
	esac
	name=${DATABASE_URL##*/}
	base=${DATABASE_URL%/*}
	psql "$base/postgres" -q -c "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\""
else
	rm -f "$OUT"/demo.sqlite3*
	export DATABASE_URL="sqlite:///$PWD/$OUT/demo.sqlite3"
fi

# Test settings: DEBUG off, plain static storage (no collectstatic needed). Throttling is
# lifted so that the fuzzer reaches the views instead of collecting 429s.
export DJANGO_SETTINGS_MODULE=config.settings.test
export THROTTLE_ANON=100000/min THROTTLE_USER=100000/min
export THROTTLE_PERSON_SEARCH=100000/min THROTTLE_EXPORT=100000/min
MANAGE="$BIN/python manage.py"

echo "== building the demo database ($DATABASE_URL)"
$MANAGE migrate --noinput -v0
$MANAGE import_territories data/katottg/kodifikator-2025-05-16.csv >/dev/null
$MANAGE seed_demo >/dev/null

echo "== serving on 127.0.0.1:$PORT"
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
	echo "port $PORT is already in use: set FUZZ_PORT" >&2
	exit 1
fi
$BIN/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
	--error-logfile "$OUT/gunicorn.log" --capture-output &
server_pid=$!
stop_server() {
	kill "$server_pid" 2>/dev/null || return 0
	for _ in $(seq 20); do kill -0 "$server_pid" 2>/dev/null || return 0; sleep 0.5; done
	kill -9 "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT
for _ in $(seq 60); do
	curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break
	sleep 1
done

roles=(specialist intake coordinator programmes partner auditor admin)
status=0
printf '%-12s %9s %9s %9s %s\n' role requests "5xx" "4xx" result >"$OUT/summary.txt"
for role in "${roles[@]}"; do
	email="$role@demo.suprovid.test"
	token=$($MANAGE api_token --email "$email")
	echo "== $role ($email): schemathesis, $SECONDS_PER_ROLE s"
	set +e
	timeout $((SECONDS_PER_ROLE + 60)) $BIN/schemathesis run "http://127.0.0.1:$PORT/api/schema/" \
		--header "Authorization: Token $token" \
		--checks not_a_server_error \
		--max-examples "$EXAMPLES" \
		--max-time "$SECONDS_PER_ROLE" \
		--workers 2 \
		--seed 2025 \
		--request-timeout 30 \
		--report har --report-har-path "$OUT/report-$role.har" \
		--output-truncate true \
		--warnings off >"$OUT/report-$role.txt" 2>&1
	rc=$?
	set -e
	tail -n 15 "$OUT/report-$role.txt"
	counts=$($BIN/python - "$OUT/report-$role.har" <<'PY'
import json, sys
try:
    entries = json.load(open(sys.argv[1]))["log"]["entries"]
except (OSError, ValueError, KeyError):
    entries = []
codes = [e["response"]["status"] for e in entries]
print(len(codes), sum(c >= 500 for c in codes), sum(400 <= c < 500 for c in codes))
PY
)
	read -r total errors client <<<"$counts"
	result=ok
	if [[ $rc -ne 0 || $errors -ne 0 ]]; then
		result="FAILED (exit $rc)"
		status=1
	fi
	printf '%-12s %9s %9s %9s %s\n' "$role" "$total" "$errors" "$client" "$result" >>"$OUT/summary.txt"
done

echo
cat "$OUT/summary.txt"
exit $status
