// Boost.JSON's compiled part (its error categories), built into this library once: the parser
// itself is header-only (JsonParse.cpp), and Debian's Boost headers need no other package.
#include <boost/json/src.hpp>
