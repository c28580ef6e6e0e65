from .cli import main
from .runtime import exit

try:
    main()
except SystemExit as done:
    code = done.code
else:
    code = 0
# At once, without tearing down the interpreter, unless plain (generator/runtime.py); helper and
# worker processes have already been joined.
exit(code)
