import os
import sys

from .cli import main

try:
    main()
except SystemExit as done:
    code = done.code
else:
    code = 0
# Leave without tearing down the interpreter: freeing every record, page and module one by one
# takes a tenth of a second or more after a build and achieves nothing (open files are flushed
# here; helper and worker processes have already been joined).
if isinstance(code, str):
    print(code, file=sys.stderr)
    code = 1
sys.stdout.flush()
sys.stderr.flush()
os._exit(code or 0)
