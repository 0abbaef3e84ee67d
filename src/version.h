#define RL_VERSION "0.1.0"
