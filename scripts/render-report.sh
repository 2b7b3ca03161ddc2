#!/usr/bin/env bash
# Renders report.html in headless Chromium: checks a screenshot is produced and that the page
# logs nothing to the console (the report has no scripts, so ANY console message is a failure:
# a blocked fetch, a Content-Security-Policy violation, a script that slipped through escaping).
#
# Usage: scripts/render-report.sh [REPORT_HTML] [SCREENSHOT_PNG]
#   REPORT_HTML     default out/report.html
#   SCREENSHOT_PNG  default next to the report, report.png
# Exit: 0 ok or skipped (no Chromium), 1 the page failed a check, 2 bad usage.
# Debian: apt-get install -y chromium
set -euo pipefail

report="${1:-out/report.html}"
if [[ ! -f "$report" ]]; then
    echo "render-report: no report at $report (run ketamine-evidence first, or pass a path)" >&2
    exit 2
fi
report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
shot="${2:-$(dirname "$report")/report.png}"

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
    echo "render-report: skipped, $chromium is absent (Debian package 'chromium')" >&2
    exit 0
fi

profile="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$profile" "$log"' EXIT
rm -f "$shot"

timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --window-size=1400,4000 --screenshot="$shot" "file://$report" >"$log" 2>&1 || {
    echo "render-report: chromium failed on $report:" >&2
    tail -20 "$log" >&2
    exit 1
}

status=0
if [[ ! -s "$shot" ]]; then
    echo "render-report: no screenshot was written to $shot" >&2
    status=1
fi
# Chromium prints page console messages as ':CONSOLE' log lines (any level).
if grep -q ':CONSOLE' "$log"; then
    echo "render-report: the page logged to the console:" >&2
    grep ':CONSOLE' "$log" >&2
    status=1
fi
if [[ $status -eq 0 ]]; then
    echo "render-report: ok, screenshot $shot ($(stat -c %s "$shot") bytes), no console messages"
fi
exit $status
