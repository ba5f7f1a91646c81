"""AdamW and AMSGrad against torch.optim's documented updates, hand-computed for three steps.

torch is not installed (and must not be): the reference below transcribes, scalar by scalar, the
algorithm boxes of the PyTorch documentation of ``torch.optim.Adam`` (with ``weight_decay`` and
``amsgrad``) and ``torch.optim.AdamW``:

Adam:  if λ ≠ 0: g ← g + λθ;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ ← m/(1−β₁ᵗ);
       if amsgrad: vᵐᵃˣ ← max(vᵐᵃˣ, v), v̂ ← vᵐᵃˣ/(1−β₂ᵗ)  else v̂ ← v/(1−β₂ᵗ);  θ ← θ − γ m̂/(√v̂ + ε)
AdamW: θ ← θ − γλθ, then the same moments from the plain g, and θ ← θ − γ m̂/(√v̂ + ε)
"""
import math

import numpy as np
import pytest

from gdcourse.adaptive import Adam, AdamW

A = [[3.0, 0.5, 0.0], [0.5, 1.0, -0.2], [0.0, -0.2, 0.05]]
B = [1.0, -2.0, 0.3]
THETA0 = [0.8, -1.5, 4.0]


def gradient(theta):
    """∇ of ½θᵀAθ − bᵀθ, coordinate by coordinate, in plain Python."""
    return [sum(A[i][j] * theta[j] for j in range(3)) - B[i] for i in range(3)]


def torch_documented(theta, lr, betas, eps, weight_decay, amsgrad, decoupled, steps=3, corrected_max=False):
    """The documented algorithm, in scalars: the points θ₁, θ₂, θ₃.

    ``corrected_max`` is the reading of torch ≤ 1.13's documentation, max(v̂ᵐᵃˣ, v̂) over the
    bias-corrected v̂, which its implementation never did; the current documentation takes the
    max over v and corrects afterwards, as the implementation does.
    """
    beta1, beta2 = betas
    m, v, v_max = [0.0] * 3, [0.0] * 3, [0.0] * 3
    theta, points = list(theta), []
    for t in range(1, steps + 1):
        g = gradient(theta)
        if decoupled:
            theta = [th - lr * weight_decay * th for th in theta]
        elif weight_decay != 0:
            g = [gi + weight_decay * th for gi, th in zip(g, theta)]
        new = []
        for i in range(3):
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2
            m_hat = m[i] / (1 - beta1**t)
            if amsgrad and corrected_max:
                v_max[i] = max(v_max[i], v[i] / (1 - beta2**t))
                v_hat = v_max[i]
            elif amsgrad:
                v_max[i] = max(v_max[i], v[i])
                v_hat = v_max[i] / (1 - beta2**t)
            else:
                v_hat = v[i] / (1 - beta2**t)
            new.append(theta[i] - lr * m_hat / (math.sqrt(v_hat) + eps))
        theta = new
        points.append(list(theta))
    return np.array(points)


def ours(rule, steps=3):
    x, points = np.array(THETA0), []
    for _ in range(steps):
        x = rule(x, np.array(gradient(list(x))))
        points.append(x)
    return np.array(points)


SETTINGS = [  # lr, betas, eps, weight_decay, amsgrad
    (0.001, (0.9, 0.999), 1e-8, 0.01, False),     # AdamW's defaults
    (0.1, (0.9, 0.999), 1e-8, 0.0, True),
    (0.3, (0.8, 0.5), 1e-3, 0.2, True),           # a small beta2: the second moment falls and the max bites
    (0.05, (0.0, 0.9), 1e-6, 1.5, False),
    (0.5, (0.5, 0.7), 1e-8, 0.7, True),
]


@pytest.mark.parametrize("lr, betas, eps, weight_decay, amsgrad", SETTINGS)
def test_adamw_matches_the_documented_update(lr, betas, eps, weight_decay, amsgrad):
    rule = AdamW(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)
    expected = torch_documented(THETA0, lr, betas, eps, weight_decay, amsgrad, decoupled=True)
    np.testing.assert_allclose(ours(rule), expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("lr, betas, eps, weight_decay, amsgrad", SETTINGS)
def test_adam_with_amsgrad_and_l2_matches_the_documented_update(lr, betas, eps, weight_decay, amsgrad):
    rule = Adam(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)
    expected = torch_documented(THETA0, lr, betas, eps, weight_decay, amsgrad, decoupled=False)
    np.testing.assert_allclose(ours(rule), expected, rtol=1e-12, atol=0)


def test_the_options_change_the_path_so_the_checks_above_can_fail():
    lr, betas, eps, wd = 0.3, (0.8, 0.5), 1e-3, 0.2
    plain = torch_documented(THETA0, lr, betas, eps, wd, False, decoupled=True)
    ams = torch_documented(THETA0, lr, betas, eps, wd, True, decoupled=True)
    coupled = torch_documented(THETA0, lr, betas, eps, wd, False, decoupled=False)
    assert np.max(np.abs(plain - ams) / np.abs(ams)) > 1e-3        # the max over v matters here
    assert np.max(np.abs(plain - coupled) / np.abs(coupled)) > 1e-3  # decoupled ≠ L2 in the gradient
    # The older documentation's reading (the max of the bias-corrected v̂) is a different path too:
    older = torch_documented(THETA0, lr, betas, eps, wd, True, decoupled=True, corrected_max=True)
    assert np.max(np.abs(older - ams) / np.abs(ams)) > 1e-6
    rule = AdamW(lr=lr, betas=betas, eps=eps, weight_decay=wd, amsgrad=True)
    ours(rule)
    assert np.all(rule.v_max >= rule.v) and np.any(rule.v_max > rule.v)


def test_defaults_state_and_repr():
    rule = AdamW()
    assert (rule.lr, rule.betas, rule.eps, rule.weight_decay, rule.amsgrad) == (0.001, (0.9, 0.999), 1e-8, 0.01, False)
    assert (Adam().weight_decay, Adam().amsgrad) == (0.0, False)
    assert repr(Adam(lr=0.2)) == "Adam(lr=0.2, betas=(0.9, 0.999), eps=1e-08)"
    assert repr(Adam(amsgrad=True)).endswith("amsgrad=True)")
    assert repr(AdamW(weight_decay=0.1)) == "AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.1)"
    rule = Adam(lr=0.1, amsgrad=True)
    rule(np.ones(2), np.array([1.0, -2.0]))
    assert rule.v_max is not None and rule.t == 1
    rule.reset()
    assert (rule.m, rule.v, rule.v_max, rule.t) == (None, None, None, 0)
    rule(np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="state has shape"):
        rule(np.ones(3), np.ones(3))


@pytest.mark.parametrize("make, error, message", [
    (lambda: AdamW(weight_decay=-0.1), ValueError, "weight_decay must be a finite number >= 0"),
    (lambda: Adam(weight_decay=float("nan")), ValueError, "weight_decay must be a finite number >= 0"),
    (lambda: Adam(weight_decay="0.1"), TypeError, "weight_decay"),
    (lambda: Adam(amsgrad=1), TypeError, "amsgrad must be True or False"),
    (lambda: AdamW(amsgrad="yes"), TypeError, "amsgrad must be True or False"),
    (lambda: AdamW(betas=(0.9, 1.0)), ValueError, r"beta2 must lie in \[0, 1\)"),
    (lambda: AdamW(lr=0.0), ValueError, "lr"),
])
def test_bad_arguments_are_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()
