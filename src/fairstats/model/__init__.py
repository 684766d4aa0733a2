"""The data model and the values every layer handles: releases, series, results, exact rounding and
intervals, errors, safe text."""
