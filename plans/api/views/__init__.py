"""The API's views, by what they serve: plans and actions, reference lists, rounds,
dashboards, the CSV table, and the schema with its docs page."""
