// lp-meeting: being written.
