#ifndef LABELSIM_CGSL_SHIM_H
#define LABELSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_integration.h>

/* Swift 6 rejects GSL's mutable global type descriptors as not concurrency-safe;
   these accessors hand them over as plain return values. */
static inline const gsl_rng_type *labelsim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_multimin_fdfminimizer_type *labelsim_multimin_bfgs2(void) {
    return gsl_multimin_fdfminimizer_vector_bfgs2;
}
static inline const gsl_root_fsolver_type *labelsim_root_brent(void) { return gsl_root_fsolver_brent; }

#endif
