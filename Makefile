# Two entry points do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint lock bench clean bundle dist smoke install-desktop uninstall-desktop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exact versions with hashes (requirements/lock.txt, made by `make lock`); the wheel itself keeps ranges.
LOCK := requirements/lock.txt

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Re-resolve every dependency (app, tests, bundle) to its newest allowed version and rewrite the lock.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bundle --universal --python-version 3.11 \
		--generate-hashes --upgrade --no-header -o $(LOCK)

run: $(STAMP)
	$(BIN)/python -m mlops_tracker

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) build dist *.egg-info

# --- packaging (packaging/README.md) -------------------------------------------------------------------
APP_ID := io.github.mlops_tracker.MLOpsTracker
BUNDLE_STAMP := $(VENV)/.bundle-installed
ICON_SIZES := 16 24 32 48 64 128 256 512

# PyInstaller and build are build-only tools (the `bundle` extra): locked with the rest, never imported by the app
$(BUNDLE_STAMP): $(STAMP)
	touch $(BUNDLE_STAMP)

# a windowed one-folder bundle in dist/mlops-tracker/
bundle: $(BUNDLE_STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/pyinstaller/mlops-tracker.spec
	@du -sh dist/mlops-tracker

# the wheel and the sdist in dist/
dist: $(BUNDLE_STAMP)
	rm -f dist/mlops_tracker-*.whl dist/mlops_tracker-*.tar.gz
	$(BIN)/python -m build --outdir dist .

# builds the wheel and the bundle, then runs them against temporary data folders
smoke: $(BUNDLE_STAMP)
	bash packaging/smoke.sh

# the .desktop file, AppStream metainfo and icons for the current user; Exec= names the installed command
DATA_HOME ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
EXEC ?= $(or $(shell command -v mlops-tracker 2>/dev/null),$(abspath $(BIN)/mlops-tracker))

install-desktop:
	@test -x "$(EXEC)" || { echo "mlops-tracker not found: install it, or pass EXEC=/path/to/mlops-tracker"; exit 1; }
	install -d $(DATA_HOME)/applications $(DATA_HOME)/metainfo $(DATA_HOME)/icons/hicolor/scalable/apps
	sed -e 's|^Exec=.*|Exec="$(EXEC)"|' -e 's|^TryExec=.*|TryExec=$(EXEC)|' \
		packaging/linux/$(APP_ID).desktop > $(DATA_HOME)/applications/$(APP_ID).desktop
	install -m 644 packaging/linux/$(APP_ID).metainfo.xml $(DATA_HOME)/metainfo/
	install -m 644 mlops_tracker/resources/icons/mlops-tracker.svg \
		$(DATA_HOME)/icons/hicolor/scalable/apps/$(APP_ID).svg
	for size in $(ICON_SIZES); do \
		install -D -m 644 mlops_tracker/resources/icons/hicolor/$${size}x$${size}/apps/$(APP_ID).png \
			$(DATA_HOME)/icons/hicolor/$${size}x$${size}/apps/$(APP_ID).png; \
	done
	-command -v update-desktop-database >/dev/null && update-desktop-database -q $(DATA_HOME)/applications
	-command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -f -t $(DATA_HOME)/icons/hicolor
	@echo "installed $(APP_ID) in $(DATA_HOME) (Exec=$(EXEC))"

uninstall-desktop:
	rm -f $(DATA_HOME)/applications/$(APP_ID).desktop $(DATA_HOME)/metainfo/$(APP_ID).metainfo.xml
	rm -f $(DATA_HOME)/icons/hicolor/*/apps/$(APP_ID).png $(DATA_HOME)/icons/hicolor/scalable/apps/$(APP_ID).svg
	-command -v update-desktop-database >/dev/null && update-desktop-database -q $(DATA_HOME)/applications
	-command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -f -t $(DATA_HOME)/icons/hicolor
