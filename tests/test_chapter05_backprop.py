"""Chapter 5: the quadratic model's gradients, the autodiff engine, the gradient check and the seed runs."""
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

import gdcourse as gd
from gdcourse import schedules
from gdcourse.autodiff import Value, topological_order, value_and_grad
from gdcourse.gradcheck import GradientCheck, gradient_check, numerical_gradient
from gdcourse.graph_drawing import draw_graph
from gdcourse.exercises import ch05
from gdcourse.minibatch import minibatch_sgd
from gdcourse.models import parabola


def quadratic_loss_and_grad(params, x, y, half=False):
    return parabola(half=half).loss_and_grad(params, x, y)


def quadratic_predict(params, x):
    return parabola().predict(params, x)

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is optional: the seeded random expressions below always run
    given = None


def teardown_function():
    plt.close("all")


def seed004_schedule(epoch):
    return 0.5 / 2 ** int((epoch + 1) / 10)


# -- the seed runs --------------------------------------------------------------------------------------
def test_seed_002_per_sample_run():
    x, y = gd.data.seed002_data()
    run = minibatch_sgd(parabola(), [1.0, 0.0, 1.0], x, y, lr=0.001, batch_size=1, epochs=1000, shuffle=False)
    assert [f"{v:.4f}" for v in run.x] == ["4.3343", "4.6532", "6.0619"]
    assert f"{run.batch_loss[-1]:.2e}" == "6.42e-04"
    assert run.updates == 100_000 and run.steps == 1000
    assert run.values[-1] == pytest.approx(parabola().loss_and_grad(run.x, x, y)[0])   # the loss on all data
    # not converged: far from (4, 5, 6) and still moving
    assert np.linalg.norm(run.x - [4.0, 5.0, 6.0]) > 0.4
    assert np.abs(run.x - run.positions[-101]).max() > 0.01


def test_seed_004_minibatch_run_converges():
    x, y = gd.data.seed004_data()
    assert x.size == 800 and x[0] == -1.0 and x[-1] == pytest.approx(0.9975)
    run = minibatch_sgd(parabola(half=True), [-11 / 6, -395 / 3, -2400.0], x, y,
                        lr=seed004_schedule, batch_size=16, epochs=100, shuffle=True, rng=4)
    assert [f"{v:.6f}" for v in run.x] == ["2.000000", "-4.000000", "3.000000"]
    assert run.updates == 100 * 50
    assert run.lrs[8] == 0.5 and run.lrs[9] == 0.25 and run.lrs[19] == 0.125
    assert run.batch_loss[0] > 1e4 and run.batch_loss[-1] < 1e-20


def test_seed_004_schedule_is_step_decay_shifted_by_one():
    step = schedules.step_decay(0.5, factor=0.5, every=10)
    assert all(seed004_schedule(e) == step(e + 1) for e in range(200))
    assert seed004_schedule(9) == 0.25 and step(9) == 0.5


def _train_seed004(lr, grad_factor=1.0, epochs=100):
    """The chapter's written-out seed-004 loop with a constant rate; grad_factor=2 gives the MSE gradient."""
    x, y = gd.data.seed004_data()
    rng, params, history = np.random.default_rng(4), np.array([-11 / 6, -395 / 3, -2400.0]), []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            order = rng.permutation(len(x))
            for first in range(0, len(x), 16):
                xb, yb = x[order[first:first + 16]], y[order[first:first + 16]]
                r = params[0] * xb**2 + params[1] * xb + params[2] - yb
                params = params - lr * np.array([np.mean(grad_factor * r * xb**2), np.mean(grad_factor * r * xb),
                                                 np.mean(grad_factor * r)])
            history.append(params)
    return np.linalg.norm(np.array(history) - [2.0, -4.0, 3.0], axis=1)  # row k: after k + 1 epochs


def test_seed_004_conditioning_and_the_largest_constant_rate():
    """The numbers of the seed-004 section and of ex05-6's solution."""
    x, _ = gd.data.seed004_data()
    features = np.stack([x**2, x, np.ones_like(x)], axis=1)
    curvatures = np.linalg.eigvalsh(features.T @ features / len(x))
    assert np.array2string(curvatures, precision=5) == "[0.07932 0.33333 1.12069]"
    assert f"{curvatures[-1] / curvatures[0]:.0f}" == "14" and f"{2 / curvatures[-1]:.3f}" == "1.785"
    for lr, epochs in [(0.5, 11), (1.0, 6), (1.5, 4), (1.75, 9)]:
        assert np.argmax(_train_seed004(lr, epochs=15) < 1e-6) + 1 == epochs, lr
    fails = _train_seed004(1.8)
    assert np.nanmin(fails[9:]) > 1e5 and np.nanmax(fails) > 1e11
    assert f"{_train_seed004(2.0, epochs=1)[0]:.0e}" == "4e+07"
    # The MSE gradient (factor 2) at half the rate is the same run, bit for bit; its limit is half as large.
    assert np.array_equal(_train_seed004(0.25, grad_factor=2.0, epochs=20), _train_seed004(0.5, epochs=20))
    assert _train_seed004(0.85, grad_factor=2.0, epochs=20)[-1] < 1e-12
    assert np.array_equal(_train_seed004(0.9, grad_factor=2.0, epochs=20), fails[:20])


# -- the vectorised model ---------------------------------------------------------------------------------
def test_half_mse_has_half_the_gradient_and_half_the_loss():
    x, y = gd.data.seed002_data()
    loss, grad = quadratic_loss_and_grad([1.0, 0.0, 1.0], x, y)
    half_loss, half_grad = quadratic_loss_and_grad([1.0, 0.0, 1.0], x, y, half=True)
    assert half_loss == pytest.approx(loss / 2, rel=1e-15)
    assert np.allclose(half_grad, grad / 2, rtol=1e-15, atol=0)
    assert loss == pytest.approx(np.mean((quadratic_predict([1.0, 0.0, 1.0], x) - y) ** 2), rel=1e-14)


@pytest.mark.parametrize("half", [False, True])
def test_vectorised_gradient_matches_engine_and_finite_differences(half):
    rng = np.random.default_rng(11)
    x, y = rng.uniform(-2, 2, 25), rng.normal(size=25)
    scale = 0.5 if half else 1.0
    for params in rng.normal(scale=3.0, size=(5, 3)):
        loss, grad = quadratic_loss_and_grad(params, x, y, half=half)

        def on_values(a, b, c):
            return scale * sum((a * xi**2 + b * xi + c - yi) ** 2 for xi, yi in zip(x, y)) / len(x)

        value, engine = value_and_grad(on_values, params)
        assert value == pytest.approx(loss, rel=1e-12)
        assert np.allclose(engine, grad, rtol=1e-10, atol=1e-12)
        check = gradient_check(lambda p: quadratic_loss_and_grad(p, x, y, half=half)[0],
                               lambda p: quadratic_loss_and_grad(p, x, y, half=half)[1], params)
        assert check.ok and check.relative_error < 1e-7


def test_quadratic_model_validation():
    x, y = gd.data.seed002_data()
    with pytest.raises(ValueError, match="3 coordinate"):
        quadratic_predict([1.0, 2.0], x)
    with pytest.raises(ValueError, match="finite"):
        quadratic_predict([1.0, np.nan, 0.0], x)
    with pytest.raises(ValueError, match="same number of samples"):
        quadratic_loss_and_grad([1.0, 0.0, 1.0], x, y[:-1])
    with pytest.raises(TypeError, match="half"):
        quadratic_loss_and_grad([1.0, 0.0, 1.0], x, y, half="yes")
    with pytest.raises(TypeError, match="params"):
        quadratic_loss_and_grad("abc", x, y)
    with pytest.raises(ValueError, match="a vector"):
        quadratic_predict([1.0, 0.0, 1.0], np.ones((2, 2)))


# -- the engine -----------------------------------------------------------------------------------------
def test_one_sample_backward_table():
    a, b, c, x, y = (Value(v, n) for v, n in [(3.0, "a"), (-2.0, "b"), (1.0, "c"), (0.5, "x"), (9.5, "y")])
    loss = (a * x**2 + b * x + c - y) ** 2
    loss.backward()
    r = 3 * 0.25 - 2 * 0.5 + 1 - 9.5
    assert loss.data == r**2
    assert (a.grad, b.grad, c.grad, y.grad) == (2 * r * 0.25, 2 * r * 0.5, 2 * r, -2 * r)
    assert x.grad == 2 * r * (2 * 3 * 0.5 - 2)  # two paths into x, added
    loss.backward()  # a second call resets and gives the same answer
    assert a.grad == 2 * r * 0.25


def test_every_operation_against_its_derivative():
    v = 0.7
    cases = {
        "add": (lambda t: t + 2.0, 1.0), "radd": (lambda t: 2.0 + t, 1.0),
        "sub": (lambda t: t - 2.0, 1.0), "rsub": (lambda t: 2.0 - t, -1.0),
        "mul": (lambda t: t * 3.0, 3.0), "rmul": (lambda t: 3.0 * t, 3.0),
        "div": (lambda t: t / 4.0, 0.25), "rdiv": (lambda t: 1.0 / t, -1 / v**2),
        "pow": (lambda t: t**3, 3 * v**2), "sqrt": (lambda t: t**0.5, 0.5 / math.sqrt(v)),
        "neg": (lambda t: -t, -1.0), "exp": (lambda t: t.exp(), math.exp(v)),
        "log": (lambda t: t.log(), 1 / v), "tanh": (lambda t: t.tanh(), 1 - math.tanh(v) ** 2),
        "square self": (lambda t: t * t, 2 * v), "pow0": (lambda t: t**0, 0.0),
    }
    for name, (f, derivative) in cases.items():
        t = Value(v)
        out = f(t)
        out.backward()
        assert t.grad == pytest.approx(derivative, rel=1e-12, abs=1e-15), name


def _random_expression(rng, depth):
    """A random expression tree over three inputs, as nested tuples, built to stay finite."""
    if depth == 0 or rng.random() < 0.2:
        return ("input", int(rng.integers(3))) if rng.random() < 0.85 else ("const", float(rng.uniform(-2, 2)))
    op = str(rng.choice(["+", "-", "*", "/", "sq", "tanh", "exp", "log", "neg"]))
    if op in ("+", "-", "*", "/"):
        return (op, _random_expression(rng, depth - 1), _random_expression(rng, depth - 1))
    return (op, _random_expression(rng, depth - 1))


def _evaluate(tree, inputs):
    kind = tree[0]
    if kind == "input":
        return inputs[tree[1]]
    if kind == "const":
        return tree[1]
    args = [_evaluate(t, inputs) for t in tree[1:]]
    first = args[0] if isinstance(args[0], Value) else Value(args[0])
    if kind == "+":
        return args[0] + args[1]
    if kind == "-":
        return args[0] - args[1]
    if kind == "*":
        return args[0] * args[1]
    if kind == "/":
        return args[0] / (1.0 + args[1] * args[1])  # a denominator >= 1
    if kind == "sq":
        return first**2
    if kind == "tanh":
        return first.tanh()
    if kind == "exp":
        return first.tanh().exp()  # bounded argument
    if kind == "log":
        return (1.0 + first * first).log()  # positive argument
    return -first


def _check_expression(tree, point):
    def f(*values):
        out = _evaluate(tree, values)
        return out if isinstance(out, Value) else Value(0.0) + out

    value, grad = value_and_grad(f, point)
    numeric = numerical_gradient(lambda p: f(*(Value(float(v)) for v in p)).data, point, h=1e-5)
    scale = max(np.linalg.norm(grad), np.linalg.norm(numeric), 1.0)
    assert np.linalg.norm(grad - numeric) / scale < 1e-7, (tree, point, grad, numeric)


def test_autodiff_matches_finite_differences_on_random_expressions():
    rng = np.random.default_rng(2024)
    for _ in range(150):
        _check_expression(_random_expression(rng, 4), rng.uniform(-1.5, 1.5, 3))


if given is not None:
    _trees = st.recursive(
        st.one_of(st.tuples(st.just("input"), st.integers(0, 2)),
                  st.tuples(st.just("const"), st.floats(-2, 2, allow_nan=False))),
        lambda sub: st.one_of(st.tuples(st.sampled_from(["+", "-", "*", "/"]), sub, sub),
                              st.tuples(st.sampled_from(["sq", "tanh", "exp", "log", "neg"]), sub)),
        max_leaves=12)

    @settings(max_examples=60, deadline=None, database=None, derandomize=True)
    @given(_trees, st.lists(st.floats(-1.5, 1.5, allow_nan=False), min_size=3, max_size=3))
    def test_autodiff_matches_finite_differences_property(tree, point):
        _check_expression(tree, point)


def test_shared_nodes_and_long_chains():
    x = Value(2.0)
    y = x * x + x  # x feeds two nodes, and one node twice
    y.backward()
    assert x.grad == 5.0
    order = topological_order(y)
    assert len(order) == len({id(n) for n in order}) and order[-1] is y
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(p)] < position[id(n)] for n in order for p in n.parents)
    z = Value(1.0)
    chain = z
    for _ in range(5000):  # deeper than Python's recursion limit
        chain = chain * 1.0 + 0.0
    chain.backward()
    assert z.grad == 1.0


@pytest.mark.parametrize("bad", [lambda v: v + "1", lambda v: v * [1.0], lambda v: v - None,
                                 lambda v: v / np.array([1.0, 2.0]), lambda v: np.array([1.0, 2.0]) * v,
                                 lambda v: v ** v, lambda v: 2 ** v, lambda v: v ** "2", lambda v: "1" + v])
def test_unsupported_operands_raise_a_clear_type_error(bad):
    with pytest.raises(TypeError, match="unsupported"):
        bad(Value(1.5))


def test_bad_values_and_domains():
    with pytest.raises(TypeError, match="real number"):
        Value("3")
    with pytest.raises(TypeError, match="real number"):
        Value(True)
    with pytest.raises(TypeError, match="already a Value"):
        Value(Value(1.0))
    with pytest.raises(ValueError, match="finite"):
        Value(float("nan"))
    with pytest.raises(ValueError, match="one local gradient per parent"):
        Value(1.0, parents=(Value(1.0),), local_grads=())
    with pytest.raises(TypeError, match="parent"):
        Value(1.0, parents=(1.0,), local_grads=(1.0,))
    with pytest.raises(ValueError, match="log"):
        Value(-1.0).log()
    with pytest.raises(ValueError, match="real derivative"):
        Value(-2.0) ** 0.5
    with pytest.raises(ZeroDivisionError):
        Value(1.0) / 0.0
    with pytest.raises(ValueError, match="finite"):
        Value(1e200) * 1e200  # overflow is reported, not turned into inf
    with pytest.raises(ValueError, match="overflows"):
        Value(800.0).exp()
    with pytest.raises(ValueError, match="overflows"):
        Value(1e200) ** 3
    with pytest.raises(TypeError, match="root must be a Value"):
        topological_order(3.0)
    with pytest.raises(TypeError, match="must return a Value"):
        value_and_grad(lambda a: 3.0, [1.0])
    with pytest.raises(TypeError, match="string"):
        Value(1.0).named(3)
    # numpy scalars are real numbers
    assert (np.float64(2.0) * Value(3.0)).data == 6.0


# -- the gradient check ---------------------------------------------------------------------------------
def test_gradient_check_passes_right_and_flags_wrong_gradients():
    x, y = gd.data.seed002_data()

    def mse(p):
        return quadratic_loss_and_grad(p, x, y)[0]

    def right(p):
        return quadratic_loss_and_grad(p, x, y)[1]

    def no_factor_two(p):
        return right(p) / 2

    def wrong_b(p):
        g = right(p).copy()
        r = quadratic_predict(p, x) - y
        g[1] = np.mean(2 * r) * np.mean(x)
        return g

    ok = gradient_check(mse, right, [3.0, -2.0, 1.0])
    assert isinstance(ok, GradientCheck) and ok.ok and ok.relative_error < 1e-7
    assert "passed" in str(ok)
    half = gradient_check(mse, no_factor_two, [3.0, -2.0, 1.0])
    assert not half.ok and half.relative_error == pytest.approx(0.5, rel=1e-6)
    assert "FAILED" in str(half)
    bug = gradient_check(mse, wrong_b, [1.0, 0.0, 1.0])
    assert not bug.ok and int(np.argmax(bug.component_errors)) == 1
    assert bug.component_errors[0] < 1e-7 and bug.component_errors[2] < 1e-7
    zero = gradient_check(lambda p: 1.0, lambda p: np.zeros(2), [1.0, 2.0])
    assert zero.ok and zero.relative_error == 0.0


def test_numerical_gradient_and_check_validation():
    assert np.allclose(numerical_gradient(lambda p: p[0] ** 3, [2.0]), [12.0], rtol=1e-8)
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3.0, [1.0])
    with pytest.raises(ValueError, match="h must be a finite number > 0"):
        numerical_gradient(lambda p: p[0], [1.0], h=0.0)
    with pytest.raises(TypeError, match="grad must be a function"):
        gradient_check(lambda p: p[0], None, [1.0])
    with pytest.raises(ValueError, match="one per coordinate"):
        gradient_check(lambda p: p[0] + p[1], lambda p: [1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="tol must be a finite number > 0"):
        gradient_check(lambda p: p[0], lambda p: [1.0], [1.0], tol=-1.0)
    with pytest.raises(ValueError, match="finite"):
        numerical_gradient(lambda p: p[0], [np.inf])


# -- the drawing ----------------------------------------------------------------------------------------
def test_draw_graph_draws_every_node_and_edge():
    a, x = Value(2.0, "a"), Value(0.5, "x")
    loss = ((a * x**2).named("v") - 1.0) ** 2
    loss.backward()
    ax = draw_graph(loss, highlight=("a",))
    nodes = topological_order(loss)
    edges = sum(len(n.parents) for n in nodes)
    assert len(ax.texts) == len(nodes) + edges  # one box per node, one arrow per edge
    assert any("grad" in t.get_text() for t in ax.texts)
    ax = draw_graph(loss, show_grad=False, positions={"a": (0.0, 3.0)})
    assert not any("grad" in t.get_text() for t in ax.texts)
    with pytest.raises(TypeError, match="Axes"):
        draw_graph(loss, ax="left")
    with pytest.raises(TypeError, match="positions"):
        draw_graph(loss, positions=[(0, 0)])


# -- the exercises --------------------------------------------------------------------------------------
def test_exercise_references_are_right_and_wrong_answers_fail():
    def sin_node(v):
        return Value(math.sin(v.data), parents=(v,), local_grads=(math.cos(v.data),), op="sin")

    def sin_wrong_sign(v):
        return Value(math.sin(v.data), parents=(v,), local_grads=(-math.cos(v.data),), op="sin")

    def sin_unlinked(v):
        return Value(math.sin(v.data))

    assert gd.check("ex05-1", sin_node).status == "correct"
    assert gd.check("ex05-1", sin_wrong_sign).points == 0
    assert gd.check("ex05-1", sin_unlinked).points == 0
    assert gd.check("ex05-2", ch05.quadratic_mse_grad).status == "correct"
    assert gd.check("ex05-2", lambda p, x, y: ch05.quadratic_mse_grad(p, x, y) / 2).points == 0
    assert gd.check("ex05-3", ch05.neuron_grad).status == "correct"

    def neuron_by_engine(w, b, x, y):
        W, B = Value(w), Value(b)
        loss = ((W * x + B).tanh() - y) ** 2
        loss.backward()
        return [W.grad, B.grad]

    assert gd.check("ex05-3", neuron_by_engine).status == "correct"
    assert gd.check("ex05-3", lambda w, b, x, y: [2 * (np.tanh(w * x + b) - y) * x, 0.0]).status != "correct"


# -- the explorer ---------------------------------------------------------------------------------------
def test_graph_explorer_renders_over_the_slider_range():
    from gdcourse.widgets.backprop import graph_explorer, sample_loss_graph

    explorer = graph_explorer()
    for x in explorer.params["x"].values(5):
        for a in (-2.0, 3.0, 6.0):
            fig = explorer.render(x=float(x), a=a)
            assert "∂ℓ/∂a" in fig.axes[0].get_title()
            plt.close(fig)
    fig = explorer.grid("x", [0.0, 0.5, 1.0], ncols=1, a=3.0)
    assert sum(ax.get_visible() for ax in fig.axes) == 3
    loss = sample_loss_graph(3.0, -2.0, 1.0, 0.5, 9.5)
    grads = {n.label: n.grad for n in topological_order(loss) if not n.parents}
    assert (grads["a"], grads["b"], grads["c"]) == (-4.375, -8.75, -17.5)
    with pytest.raises(ValueError, match="x must lie"):
        explorer.render(x=1.5)
    with pytest.raises(ValueError, match="finite"):
        sample_loss_graph(np.nan, 0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize("half", [False, True])
def test_one_sample_path_is_the_same_arithmetic(half):
    # One sample is computed with Python floats; a batch of two copies of it goes through NumPy and
    # must give the very same loss and gradient (the mean of two equal terms is exact).
    model, rng = parabola(half=half), np.random.default_rng(3)
    for p, xi, yi in zip(rng.normal(size=(50, 3)) * 5, rng.normal(size=50), rng.normal(size=50) * 10):
        one = model.loss_and_grad_fn(p, np.array([xi]), np.array([yi]))
        two = model.loss_and_grad_fn(p, np.array([xi, xi]), np.array([yi, yi]))
        assert one[0] == two[0] and np.array_equal(one[1], two[1])
