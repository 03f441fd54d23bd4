"""``python -m councilpmf``: the same as the ``councilpmf`` command."""

from councilpmf.cli import main

if __name__ == "__main__":
    main(prog_name="councilpmf")
