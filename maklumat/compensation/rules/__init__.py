"""Pure compensation rules: facts, the condition vocabulary, policies and the evaluator."""
