"""What the commands add to the pipeline: reports, diffs and new projects, formatted for people."""
