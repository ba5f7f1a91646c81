"""Shared test set-up: draw figures off-screen in the test process only."""
import matplotlib

matplotlib.use("Agg")
