"""Numbers in prose → facts (pure): :mod:`~planwatch.facts.extract` finds statistic, region,
period, value and unit in sentences of reports and news; :mod:`~planwatch.facts.numbers` reads
Chinese numerals and qualifiers; :mod:`~planwatch.facts.periods` reads periods;
:mod:`~planwatch.facts.link` links a fact to the statistic it measures. Facts become review
candidates through :mod:`planwatch.api.facts`."""
