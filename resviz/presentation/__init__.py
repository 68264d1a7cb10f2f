"""Qt-free presentation: what the views and the command line show, computed without Qt."""
