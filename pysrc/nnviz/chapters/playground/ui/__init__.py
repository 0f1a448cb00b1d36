"""The playground's browser side: chapter, controls, network picture, output, metrics, inspector, I/O."""
