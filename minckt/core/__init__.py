"""What a question and a circuit are: specs, families, data sets, gate models and limits,
circuits and their evaluator, statuses.  No solver is imported here."""
