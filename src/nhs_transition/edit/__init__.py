"""Writing files: the one atomic writer every command uses (`atomic.write_atomic`)."""
