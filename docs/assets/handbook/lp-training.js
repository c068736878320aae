// lp-training: being written.
