"""PyInstaller runtime hook: keep matplotlib's font cache in a persistent cache folder.

matplotlib builds its font list (a few seconds) the first time it runs and caches it in MPLCONFIGDIR.
PyInstaller's own hook points MPLCONFIGDIR at a fresh temporary folder on every start, so the cache would be
rebuilt each time the Progress page opens; the spec drops that hook and this one sets a folder that lasts,
`<user cache dir>/mlops-tracker/matplotlib`, unless the user already set MPLCONFIGDIR. Runs before any
matplotlib import. matplotlib stores the bundled fonts' paths relative to its data folder and rebuilds the
cache itself if a font file is missing, so moving or updating the bundle does not break it.
"""

import os


def _set_mplconfigdir() -> None:
    if os.environ.get("MPLCONFIGDIR"):
        return
    import appdirs

    folder = os.path.join(appdirs.user_cache_dir("mlops-tracker", appauthor=False), "matplotlib")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return  # matplotlib falls back to a temporary folder by itself
    os.environ["MPLCONFIGDIR"] = folder


_set_mplconfigdir()
del _set_mplconfigdir
