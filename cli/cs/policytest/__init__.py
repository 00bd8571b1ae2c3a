"""``cs test``: policy unit tests (OPS-7), like ``conftest verify`` or ``opa test``.

A team writes what its policy must do in ``*.test.yaml`` files beside it
(``schema/policytest.schema.json``): the answer at an instant (keys of
``cs explain --format json``) or over a simulated day (keys of the simulate
summary, plus timeline ``events``). The flow is the policy's: located YAML ->
schema -> typed test file (:mod:`.model`, :mod:`.expect`, :mod:`.events`) ->
run against the library's own explain and simulate (:mod:`.runner`) ->
reporters (:mod:`.report`).
"""
