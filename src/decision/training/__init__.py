"""Training: trainers' scenarios, checked against the trees, and feedback on a trainee's answers.

`scenarios` reads a scenario (TOML at build, JSON from the page), checks it under every
council's local rules, and compares a trainee's route through a tree with the expected one.
The browser reaches it through the "feedback" action of decision.browser.
"""
