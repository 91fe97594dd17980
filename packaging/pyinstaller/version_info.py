"""The Windows version resource of the bundle, generated from `mlops_tracker.__version__`."""

from __future__ import annotations

import re


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Return the four numbers Windows wants from a version such as 0.1.0 or 1.2.0rc1."""
    numbers = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def render(version: str, app_name: str, app_id: str, exe_name: str) -> str:
    """Return a PyInstaller version file (a VSVersionInfo expression) for the executable."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": "The MLOps Tracker contributors",
        "FileDescription": app_name,
        "FileVersion": version,
        "InternalName": app_id,
        "LegalCopyright": "MIT License",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": app_name,
        "ProductVersion": version,
    }
    string_structs = ",\n            ".join(
        f"StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""# UTF-8
# Generated from mlops_tracker.__version__ by packaging/pyinstaller/version_info.py: do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
            {string_structs}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
