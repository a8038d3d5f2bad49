{{ base_extract('intent', 'signal', overrides={'score': 'cast(score as integer)'}) }}
