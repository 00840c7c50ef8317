"""The domain of tutoring engineering and every figure of it: pure, imports nothing but itself.

Dependencies point one way: ``quantity`` <- ``scenario`` <- ``system``, ``audit``, ``diffusion``
<- ``project``; the figure modules read the model, and ``figures.compute`` gathers them all.
"""
