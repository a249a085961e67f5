"""Files in and out: instance files (TOML), result records (JSON lines), the results store."""
