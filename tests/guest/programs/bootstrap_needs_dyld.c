/*
 * A program the bootstrap must refuse to start: it imports a symbol nothing
 * here defines (linked with -undefined dynamic_lookup), so only dyld could
 * bind it.
 */
void imported_from_a_dylib(void);

int main(void)
{
	imported_from_a_dylib();
	return 0;
}
