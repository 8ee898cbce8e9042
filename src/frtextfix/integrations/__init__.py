"""Pipeline steps for frtextfix: :mod:`.documents` (no dependency), :mod:`.datatrove` and
:mod:`.dask` (each imports its library only when used)."""
