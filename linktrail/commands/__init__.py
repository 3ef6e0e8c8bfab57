"""The click commands of `linktrail`, one module per area of work; linktrail/cli.py gathers them."""
