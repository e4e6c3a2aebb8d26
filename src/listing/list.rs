//! `LIST` output: Unix `ls -l` and DOS/IIS styles.
