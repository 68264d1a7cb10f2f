"""Studies of a finished run (lesions, ...). Qt-free, like the rest of the engine."""
