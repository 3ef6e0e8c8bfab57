"""Tests that open linktrail output in a real headless Chromium."""
