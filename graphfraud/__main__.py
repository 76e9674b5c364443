"""``python -m graphfraud`` runs the command-line interface."""

from graphfraud.cli import main

if __name__ == "__main__":
    main()
