"""Entry script of the PyInstaller bundle: the same `main()` as the `mlops-tracker` command."""

import sys

from mlops_tracker.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
