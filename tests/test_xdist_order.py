"""How the two test workers take the tests (tests/xdist_order.py), on a made-up collection."""

from types import SimpleNamespace

from tests.xdist_order import DjangoOrderScheduling, work_units

# pytest-django's order: tests in a transaction, then transactional ones, then the others. The
# largest file has both kinds: xdist's own loadfile hands it out first, whole.
IN_A_TRANSACTION = [f"tests/a/test_big.py::test_{n}" for n in range(6)] + [
    f"tests/b/test_{n:02d}.py::test_in_a_transaction" for n in range(20)
]
TRANSACTIONAL = ["tests/a/test_big.py::test_transactional", "tests/d/test_live.py::test_page"]
WITHOUT_THE_DATABASE = ["tests/e/test_plain.py::test_1", "tests/e/test_plain.py::test_2"]
COLLECTION = IN_A_TRANSACTION + TRANSACTIONAL + WITHOUT_THE_DATABASE


class Worker:
    """What the scheduler sees of an xdist worker: the tests sent to it, in order."""

    def __init__(self, name):
        self.gateway = SimpleNamespace(id=name)
        self.pending = []
        self.shutting_down = False

    def send_runtest_some(self, indices):
        self.pending.extend(indices)

    def shutdown(self):
        self.shutting_down = True


def run_on_two_workers(collection):
    """{worker: node ids in the order it ran them}, each worker running a test in turn."""
    config = SimpleNamespace(
        option=SimpleNamespace(loadscopereorder=True), getvalue={"tx": ["popen"] * 2}.get
    )
    scheduler = DjangoOrderScheduling(config)
    workers = [Worker("gw0"), Worker("gw1")]
    for worker in workers:
        scheduler.add_node(worker)
    for worker in workers:
        scheduler.add_node_collection(worker, collection)
    scheduler.schedule()
    ran = {worker.gateway.id: [] for worker in workers}
    while any(worker.pending for worker in workers):
        for worker in workers:
            if worker.pending:
                index = worker.pending.pop(0)
                ran[worker.gateway.id].append(collection[index])
                scheduler.mark_test_complete(worker, index)
    return ran


def test_each_worker_runs_its_tests_in_a_transaction_before_any_transactional_one():
    ran = run_on_two_workers(COLLECTION)
    assert sorted(ran["gw0"] + ran["gw1"]) == sorted(COLLECTION)  # each test once
    for tests in ran.values():
        kinds = [
            0 if test in IN_A_TRANSACTION else 1
            for test in tests
            if test not in WITHOUT_THE_DATABASE
        ]
        assert kinds == sorted(kinds), tests


def test_a_file_whose_tests_pytest_django_split_goes_out_as_two_units():
    units = work_units(COLLECTION)
    assert units["tests/a/test_big.py::test_0"] == units["tests/a/test_big.py::test_5"]
    assert units["tests/a/test_big.py::test_transactional"] != units["tests/a/test_big.py::test_0"]
    assert units["tests/e/test_plain.py::test_1"] == units["tests/e/test_plain.py::test_2"]
