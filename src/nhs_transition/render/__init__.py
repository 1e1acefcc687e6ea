"""Renderers: computed results -> strings or rich renderables. Only `cli` writes them out."""
