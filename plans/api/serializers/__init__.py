"""JSON shapes of the API, by what they describe. Serializers validate; services write."""
