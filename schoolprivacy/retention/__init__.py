"""The retention engine: erases what the register says is no longer needed."""
