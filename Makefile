# MİY: the two commands (and a few more). Everything is in scripts/miy.
.PHONY: run test bench loadtest i18n screenshots setup lint pg-stop

run:      ## set up, install the six addons with demo data into miy_demo, serve on 127.0.0.1:8069
	scripts/miy run

test:     ## set up, throwaway database, all addons with Odoo's test runner, lint, repository checks
	scripts/miy test

bench:    ## benchmarks of tests/benchmarks/ on generated data (SIZE=10000 by default; LARGE=1: the large data set)
	scripts/miy bench --size $(or $(SIZE),10000) $(if $(LARGE),--large)

loadtest: ## the daily flows under load on 127.0.0.1: 1 worker, N workers, N workers + replica (README: Load test)
	scripts/miy loadtest

i18n:     ## refresh the .pot files and merge them into every tr.po
	scripts/miy i18n

screenshots: ## pictures of the main screens for the README, from miy_demo (make run first)
	scripts/miy screenshots

setup:    ## only the virtualenv, Odoo and PostgreSQL
	scripts/miy setup

lint:     ## ruff and pylint-odoo only
	.venv/bin/python -m pytest -p no:odoo -p no:cacheprovider -q tests/test_lint.py

pg-stop:  ## stop the embedded PostgreSQL cluster
	scripts/miy pg-stop
