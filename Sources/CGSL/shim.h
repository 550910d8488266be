#ifndef LABELSIM_CGSL_SHIM_H
#define LABELSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_integration.h>

/* Swift 6 rejects GSL's mutable global type descriptors as not concurrency-safe;
   these accessors hand them over as plain return values. */
static inline const gsl_rng_type *labelsim_rng_mt19937(void) { return gsl_rng_mt19937; }

/* A cache prefetch (Swift has no prefetch instruction): the labelling loop asks for the items it
   will revisit a few steps ahead, so their misses overlap the work in hand instead of stalling
   it. A hint only: it never faults, whatever the address. */
static inline void labelsim_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
static inline void labelsim_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/* The alias-table outcome of a draw u: its cell while u < cutoff, else the cell's alias (the rule
   of DiscreteSampler.select), as a conditional move: left to itself the compiler makes the choice
   a branch around the alias load, which on a table where it is a near coin flip is mispredicted
   on many draws. */
static inline long labelsim_alias_select(double u, double cutoff, long cell, long alias) {
    return __builtin_unpredictable(u < cutoff) ? cell : alias;
}

/* The alias-table cell of a draw u in [0, 1) on a table of K cells: u·K truncated, as GSL's
   gsl_ran_discrete computes it. u·K is finite and in [0, K) (u < 1 and K < 2^32), so the plain
   conversion is exact; Swift's Int(u * K) adds a check for NaN, infinities and range, with its
   three branches, to every worker draw. */
static inline long labelsim_cell_index(double u, double cells) { return (long)(u * cells); }

#endif
