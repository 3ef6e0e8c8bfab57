"""linktrail's spiders: `discover` finds opportunities, `backlinks` checks links already won."""
