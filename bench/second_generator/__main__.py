"""``python -m bench.second_generator``: see :mod:`bench.second_generator.cli`."""

import sys

from .cli import main

sys.exit(main())
