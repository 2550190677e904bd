"""
How `pytest -n 2 --dist loadfile` (`make test`) shares the tests between its workers: a file at a
time, and on every worker in the order pytest-django gives them.

pytest-django runs the tests in a rolled-back transaction first and the transactional ones
(live_server, transactional_db) after them, as Django does: a transactional test empties every
table when it ends, and with them the rows the migrations wrote (the letter templates, the page
cache's version row) that the other tests expect. xdist's own loadfile hands out whole files,
largest first, so a worker could run a file after another file's transactional tests.

Here the files go out in the order of the collection, which pytest-django has sorted, and a file
whose tests it put in two groups (most in a transaction, a few transactional) goes out as two
parts: so each worker runs all its tests in a transaction before its first transactional one.
"""

from xdist.scheduler import LoadFileScheduling


def work_units(collection):
    """{node id: unit}: a file's tests that are next to each other in the collection."""
    units = {}
    parts = {}
    last = None
    for nodeid in collection:
        file = nodeid.split("::", 1)[0]
        if file != last:
            parts[file] = parts.get(file, -1) + 1
            last = file
        units[nodeid] = f"{file}#{parts[file]}"
    return units


class DjangoOrderScheduling(LoadFileScheduling):
    """xdist's loadfile, with the units above, handed out in the collection's order."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        # xdist would hand out the largest units first; that order could put a transactional
        # test before tests in a transaction on a worker.
        config.option.loadscopereorder = False
        self.units = None

    def schedule(self):
        if self.units is None and self.collection_is_completed:
            self.units = work_units(next(iter(self.registered_collections.values())))
        super().schedule()

    def _split_scope(self, nodeid):
        return self.units[nodeid]
