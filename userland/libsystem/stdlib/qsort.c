/*
 * qsort, qsort_r (macOS argument order) and bsearch. qsort is an
 * introspective quicksort: median-of-three partitioning, insertion sort for
 * short runs, heapsort when the recursion gets too deep, so no input makes
 * it quadratic. Recursion goes into the smaller half only (O(log n) stack).
 */
#include <stddef.h>
#include <stdlib.h>

/* The comparator in both of its forms, so one sort serves qsort and qsort_r. */
struct qsort_cmp {
	int (*plain)(const void *, const void *);
	int (*thunked)(void *, const void *, const void *);
	void *thunk;
};

static int qsort_compare(const struct qsort_cmp *cmp, const void *a, const void *b)
{
	if (cmp->thunked != NULL)
		return cmp->thunked(cmp->thunk, a, b);
	return cmp->plain(a, b);
}

static void qsort_swap(char *a, char *b, size_t width)
{
	while (width-- > 0) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

static void qsort_insertion(char *base, size_t nel, size_t width, const struct qsort_cmp *cmp)
{
	for (size_t i = 1; i < nel; i++) {
		for (size_t j = i; j > 0; j--) {
			char *a = base + (j - 1) * width, *b = a + width;

			if (qsort_compare(cmp, a, b) <= 0)
				break;
			qsort_swap(a, b, width);
		}
	}
}

static void qsort_sift(char *base, size_t root, size_t nel, size_t width,
                       const struct qsort_cmp *cmp)
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= nel)
			return;
		if (child + 1 < nel &&
		    qsort_compare(cmp, base + child * width, base + (child + 1) * width) < 0)
			child++;
		if (qsort_compare(cmp, base + root * width, base + child * width) >= 0)
			return;
		qsort_swap(base + root * width, base + child * width, width);
		root = child;
	}
}

static void qsort_heap(char *base, size_t nel, size_t width, const struct qsort_cmp *cmp)
{
	for (size_t i = nel / 2; i-- > 0;)
		qsort_sift(base, i, nel, width, cmp);
	for (size_t end = nel; end-- > 1;) {
		qsort_swap(base, base + end * width, width);
		qsort_sift(base, 0, end, width, cmp);
	}
}

static void qsort_intro(char *base, size_t nel, size_t width, const struct qsort_cmp *cmp,
                        int depth)
{
	while (nel > 12) {
		char *lo = base, *mid = base + (nel / 2) * width, *hi = base + (nel - 1) * width;
		size_t i, j;

		if (depth-- == 0) {
			qsort_heap(base, nel, width, cmp);
			return;
		}
		/* Order lo <= mid <= hi, then park the median at the end as the pivot. */
		if (qsort_compare(cmp, mid, lo) < 0)
			qsort_swap(mid, lo, width);
		if (qsort_compare(cmp, hi, mid) < 0) {
			qsort_swap(hi, mid, width);
			if (qsort_compare(cmp, mid, lo) < 0)
				qsort_swap(mid, lo, width);
		}
		qsort_swap(mid, hi - width, width);
		/* Hoare partition of [1, nel - 2) around the pivot at nel - 2. */
		char *pivot = hi - width;
		i = 0;
		j = nel - 2;
		for (;;) {
			while (qsort_compare(cmp, base + (++i) * width, pivot) < 0)
				;
			while (qsort_compare(cmp, pivot, base + (--j) * width) < 0)
				;
			if (i >= j)
				break;
			qsort_swap(base + i * width, base + j * width, width);
		}
		qsort_swap(base + i * width, pivot, width);
		/* [0, i) <= pivot at i <= (i, nel). */
		if (i < nel - i - 1) {
			qsort_intro(base, i, width, cmp, depth);
			base += (i + 1) * width;
			nel -= i + 1;
		} else {
			qsort_intro(base + (i + 1) * width, nel - i - 1, width, cmp, depth);
			nel = i;
		}
	}
	qsort_insertion(base, nel, width, cmp);
}

static void qsort_run(void *base, size_t nel, size_t width, const struct qsort_cmp *cmp)
{
	int depth = 0;

	if (nel < 2 || width == 0)
		return;
	for (size_t n = nel; n > 1; n >>= 1)
		depth += 2;
	qsort_intro(base, nel, width, cmp, depth);
}

void qsort(void *base, size_t nel, size_t width, int (*compar)(const void *, const void *))
{
	struct qsort_cmp cmp = {compar, NULL, NULL};

	qsort_run(base, nel, width, &cmp);
}

void qsort_r(void *base, size_t nel, size_t width, void *thunk,
             int (*compar)(void *, const void *, const void *))
{
	struct qsort_cmp cmp = {NULL, compar, thunk};

	qsort_run(base, nel, width, &cmp);
}

void *bsearch(const void *key, const void *base, size_t nel, size_t width,
              int (*compar)(const void *, const void *))
{
	const char *lo = base;

	while (nel > 0) {
		const char *mid = lo + (nel / 2) * width;
		int c = compar(key, mid);

		if (c == 0)
			return (void *)mid;
		if (c > 0) {
			lo = mid + width;
			nel -= nel / 2 + 1;
		} else {
			nel /= 2;
		}
	}
	return NULL;
}
