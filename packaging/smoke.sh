#!/usr/bin/env bash
# Smoke test of the built artefacts, run by CI (.ci/run) and by `make smoke`.
#
# 1. builds the wheel and the sdist (`make dist`) and the one-folder bundle (`make bundle`), and checks what
#    they carry;
# 2. installs the wheel into a fresh virtual environment outside the repository and drives the command line
#    against a temporary data folder (exit codes: 0 for success, 2 for a bad item id), then opens the window
#    offscreen;
# 3. starts the bundled executable offscreen with a fresh data folder (it must paint its window and exit 0
#    within the time limit), then runs the bundle's command line, charts and PDF report on the wheel's data.
#
# SMOKE_SKIP_BUILD=1 reuses the artefacts already in dist/. Linux only (the bundle path is Linux's).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
LIMIT=120 # seconds a window may take to open and close
BUNDLE=$ROOT/dist/mlops-tracker/mlops-tracker

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlops-tracker-smoke.XXXXXX")
cleanup() {
    local status=$?
    if [ "$status" -eq 0 ]; then
        rm -rf "$WORK"
    else
        echo "smoke test FAILED (exit $status); its files are in $WORK" >&2
    fi
}
trap cleanup EXIT

TIMINGS=()
phase_start=$SECONDS
phase() { # phase NAME: close the running phase under NAME
    TIMINGS+=("$(printf '%-40s %4ds' "$1" $((SECONDS - phase_start)))")
    phase_start=$SECONDS
}

OUT=$WORK/last-output.txt
expect() { # expect CODE COMMAND...: run the command, fail unless it exits with CODE
    local want=$1 got=0
    shift
    "$@" >"$OUT" 2>&1 || got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: expected exit $want, got $got: $*" >&2
        cat "$OUT" >&2
        exit 1
    fi
    local shown=() word
    for word in "$@"; do # leave out the environment, name the temporary folder $TMP
        case $word in env | *=*) [ ${#shown[@]} -eq 0 ] && continue ;; esac
        word=${word//$WORK/\$TMP}
        shown+=("${word#"$ROOT"/}")
    done
    echo "  ok (exit $got): ${shown[*]}"
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# The app's own folders (settings, matplotlib's cache) go to the temporary folder, not the user's home.
APP_ENV=(env "XDG_CONFIG_HOME=$WORK/config" "XDG_CACHE_HOME=$WORK/cache" "XDG_DATA_HOME=$WORK/share"
    "MLOPS_TRACKER_DATA_DIR=$WORK/never-used")
SMOKE_ENV=("${APP_ENV[@]}" QT_QPA_PLATFORM=offscreen MLOPS_TRACKER_SMOKE_TEST=1)

# ---- build ------------------------------------------------------------------------------------------------
if [ "${SMOKE_SKIP_BUILD:-0}" != 1 ]; then
    echo "== building the wheel and the sdist"
    make --no-print-directory dist
    phase "build wheel + sdist (make dist)"
    echo "== building the bundle"
    make --no-print-directory bundle
    phase "build bundle (make bundle)"
fi

VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' mlops_tracker/__init__.py)
WHEEL=$ROOT/dist/mlops_tracker-$VERSION-py3-none-any.whl
SDIST=$ROOT/dist/mlops_tracker-$VERSION.tar.gz
[ -f "$WHEEL" ] || fail "no wheel $WHEEL"
[ -f "$SDIST" ] || fail "no sdist $SDIST"
[ -x "$BUNDLE" ] || fail "no bundle $BUNDLE"
for data in seed study questions; do # read at run time through importlib.resources
    find "$ROOT/dist/mlops-tracker" -path "*/mlops_tracker/data/$data.json" | grep -q . ||
        fail "the bundle lacks mlops_tracker/data/$data.json"
done

echo "== what the wheel and the sdist carry"
"$PYTHON" - "$WHEEL" "$SDIST" <<'EOF'
import sys, tarfile, zipfile

wheel, sdist = sys.argv[1:]
required = [
    "mlops_tracker/data/seed.json",
    "mlops_tracker/data/study.json",
    "mlops_tracker/data/questions.json",
    "mlops_tracker/storage/migrations/env.py",
    "mlops_tracker/storage/migrations/script.py.mako",
    "mlops_tracker/storage/migrations/versions/0001_initial_schema.py",
    "mlops_tracker/resources/icons/mlops-tracker.svg",
    "mlops_tracker/resources/icons/hicolor/512x512/apps/io.github.mlops_tracker.MLOpsTracker.png",
]
names = set(zipfile.ZipFile(wheel).namelist())
missing = [name for name in required if name not in names]
assert not missing, f"the wheel lacks {missing}"
assert not [n for n in names if "__pycache__" in n], "the wheel carries __pycache__"
with tarfile.open(sdist) as tar:
    members = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if "/" in m.name}
missing = [name for name in required if name not in members]
assert not missing, f"the sdist lacks {missing}"
links = [name for name, m in members.items() if m.issym() or m.islnk()]
assert not links, f"the sdist carries links: {links}"
assert members["mlops_tracker/data/seed.json"].size > 1000, "the sdist's seed.json is not the real file"
print(f"  ok: {len(names)} files in the wheel, {len(members)} in the sdist, no links, seed and migrations")
EOF
phase "check wheel + sdist contents"

# ---- the wheel, installed outside the repository ----------------------------------------------------------
echo "== installing the wheel into a fresh virtual environment ($WORK/venv)"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$WHEEL"
phase "install wheel into a fresh venv"

cd "$WORK" # nothing of the repository on the import path
CLI=("${APP_ENV[@]}" "$WORK/venv/bin/mlops-tracker")
DATA=$WORK/data-wheel
location=$("$WORK/venv/bin/python" -c "import mlops_tracker; print(mlops_tracker.__file__)")
case $location in "$WORK/venv/"*) ;; *) fail "mlops_tracker imported from $location, not the venv" ;; esac
echo "== the installed command line ($location)"
expect 0 "${CLI[@]}" --version
grep -qx "mlops-tracker $VERSION" "$OUT" || fail "--version printed $(cat "$OUT"), not $VERSION"
expect 0 "${CLI[@]}" --data-dir "$DATA" plan create --level foundation --days 30
expect 0 "${CLI[@]}" --data-dir "$DATA" status --json
overall() { "$WORK/venv/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["overall"])' "$OUT"; }
[ "$(overall)" = 0.0 ] || fail "a new plan's readiness is $(overall), not 0"
expect 0 "${CLI[@]}" --data-dir "$DATA" mark foundation.skill.ml-lifecycle done
expect 0 "${CLI[@]}" --data-dir "$DATA" status --json
[ "$(overall)" != 0.0 ] || fail "marking a skill done left readiness at 0"
expect 0 "${CLI[@]}" --data-dir "$DATA" undo
expect 0 "${CLI[@]}" --data-dir "$DATA" status --json
[ "$(overall)" = 0.0 ] || fail "undo left readiness at $(overall)"
expect 2 "${CLI[@]}" --data-dir "$DATA" mark foundation.skill.no-such-item done
expect 0 "${CLI[@]}" --data-dir "$DATA" check
expect 0 "${SMOKE_ENV[@]}" timeout "$LIMIT" "$WORK/venv/bin/mlops-tracker" --data-dir "$DATA"
phase "wheel: command line and window"

# ---- the bundle -------------------------------------------------------------------------------------------
echo "== the bundle ($(du -sh "$ROOT/dist/mlops-tracker" | cut -f1))"
RUN=("${APP_ENV[@]}" "$BUNDLE")
DATA2=$WORK/data-bundle
expect 0 "${SMOKE_ENV[@]}" timeout "$LIMIT" "$BUNDLE" --data-dir "$DATA2" # first start: an empty folder
[ -f "$DATA2/tracker.sqlite3" ] || fail "the bundle's window did not create its database"
expect 0 "${SMOKE_ENV[@]}" timeout "$LIMIT" "$BUNDLE" --data-dir "$DATA" # the wheel's data, with a plan
if command -v xvfb-run >/dev/null; then # a real X11 display too: the xcb platform plugin and its libraries
    expect 0 "${SMOKE_ENV[@]}" QT_QPA_PLATFORM=xcb timeout "$LIMIT" xvfb-run -a "$BUNDLE" --data-dir "$DATA"
else
    echo "  (xvfb-run not installed: the bundle's X11 start is not tested)"
fi
phase "bundle: window (fresh, with a plan, X11)"
expect 0 "${RUN[@]}" --version
grep -qx "mlops-tracker $VERSION" "$OUT" || fail "the bundle's --version printed $(cat "$OUT")"
expect 0 "${RUN[@]}" --data-dir "$DATA" status
expect 0 "${RUN[@]}" --data-dir "$DATA" mark foundation.skill.ml-lifecycle in_progress
expect 0 "${RUN[@]}" --data-dir "$DATA" undo
expect 2 "${RUN[@]}" --data-dir "$DATA" mark foundation.skill.no-such-item done
# matplotlib, numpy, Pillow and fontTools load only here: the charts and the report prove they work frozen
expect 0 "${RUN[@]}" --data-dir "$DATA" chart readiness "$WORK/readiness.png"
expect 0 "${RUN[@]}" --data-dir "$DATA" chart activity "$WORK/activity.svg"
expect 0 "${RUN[@]}" --data-dir "$DATA" chart breakdown "$WORK/breakdown.pdf"
expect 0 "${RUN[@]}" --data-dir "$DATA" report "$WORK/report.pdf"
for file in readiness.png activity.svg breakdown.pdf report.pdf; do
    [ -s "$WORK/$file" ] || fail "the bundle wrote no $file"
done
compgen -G "$WORK/cache/mlops-tracker/matplotlib/fontlist-*.json" >/dev/null ||
    fail "matplotlib's font cache is not in the persistent cache folder"
phase "bundle: command line, charts, report"

echo
echo "smoke test passed: mlops-tracker $VERSION"
printf '  %s\n' "${TIMINGS[@]}"
printf "  %-40s %4ds\n" total "$SECONDS"
