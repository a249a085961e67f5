"""Many questions at once: sweeps over classes of functions, sweep files and the benchmark."""
