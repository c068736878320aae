"""The policy: the six decision trees, and what they share.

One module per tree (`allocation`, with the criteria it ranks by in `criteria`; `threshold`;
`engagement`; `change_lead`; `independent_chair`; `disagreement`), each declarative data with a
docstring for policy reviewers. `sources` lists the documents the rules come from and the
citations several trees share; `safety` is the "if a child is at risk now" note every tree
shows; `local_names` holds the names that differ from council to council; `registry` maps each
tree's id to its module. Nothing here knows how a tree is walked or shown: that is the engine's.
"""
