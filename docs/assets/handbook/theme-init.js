// Theme start-up code moved out of inline scripts, so a strict Content-Security-Policy allows it.
