"""The privacy regulation and protocols: versions, (G)MR approval, publication."""
